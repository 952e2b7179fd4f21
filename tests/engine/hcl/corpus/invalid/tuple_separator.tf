# expect: Missing item separator @2:8
a = [1 2]
