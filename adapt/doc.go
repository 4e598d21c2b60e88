// Package adapt turns a customer's labelled texts (a CSV of text,label) into a sentiment
// model folder adapted to their domain: it reads and checks the rows (one clear error per
// bad row, the rest go on), splits off a stratified, seeded held-out part, runs the
// fine-tuning script (training/adapt_sentiment.py, PyTorch) on the rest, and scores the
// held-out part with the base model and the adapted one through the real engine.
package adapt
