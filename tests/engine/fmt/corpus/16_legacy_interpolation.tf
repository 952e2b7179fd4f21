resource "x" "y" {
  name = "${var.name}"
  ref = "${aws_instance.x.id}"
  mixed = "${var.a}-${var.b}"
  literal = "prefix-${var.a}"
  nested = "${lookup(var.map, "${var.key}")}"
  multi = "${
    var.a
  }"
  cond = "${var.a ?
    var.b : var.c}"
  paren = "${(var.a
  )}"
  plain = "just a string"
  block {
    inner = "${var.inner}"
  }
}
locals { one = "${var.x}" }
