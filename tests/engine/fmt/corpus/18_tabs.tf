locals {
	a	= 1
	bb =	2
	nested {
		x = "tab	inside"
	}
}
