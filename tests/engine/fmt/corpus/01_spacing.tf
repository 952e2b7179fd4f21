resource   "functiongraph_function"    "f"{
name="hello"
  memory_size=128
    timeout =   30
runtime  =    "Python3.9"
}
