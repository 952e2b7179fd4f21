# expect: Unexpected endif directive @2:6
a = "%{endif}"
