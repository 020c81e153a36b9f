package pay

import "testing"

func TestTotal(t *testing.T) {
	if Total([]int{1, 2}) != 3 {
		t.Fatal("Total")
	}
}

func TestFee(t *testing.T) {
	if Fee(5) != 1 {
		t.Fatal("Fee")
	}
}
