// Package pay is the Go fixture of coverage-gate's real-tool tests.
package pay

// Total sums amounts (fully tested).
func Total(amounts []int) int {
	sum := 0
	for _, amount := range amounts {
		sum += amount
	}
	return sum
}

// Refund is never called by the tests.
func Refund(amount, fee int) int {
	if amount <= fee {
		return 0
	}
	return amount - fee
}

// Fee is partly tested.
func Fee(amount int) int {
	if amount > 1000 {
		return 10
	}
	return 1
}
