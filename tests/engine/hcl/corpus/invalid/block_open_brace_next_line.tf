# expect: Invalid block definition @2:6
b "x"
{
}
