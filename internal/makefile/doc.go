// Package makefile holds tests that the Makefile's lists cover the repository: every fuzz target is fuzzed by make fuzz.
package makefile
