region="cn-north-4"
memory = 256
tags={env="prod",team="fg"}
list = ["a","b"]
