# expect: Missing function argument list @2:19
a = provider::x::y
