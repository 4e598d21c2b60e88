// Package golden holds the golden-output test of the data path: 2,000 real reviews through
// Engine.Analyze and 50 real JDDC chats through call analysis, each result compared with
// the hash of its canonical JSON in testdata. It exists so that moving code (issue 18's
// layout) can be shown not to change a single output; an intentional behaviour change
// regenerates the golden files (`go test ./golden -update`) in the same commit and says so.
package golden
