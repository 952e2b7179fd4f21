# expect: Invalid legacy index syntax @2:7
a = x.0.1
