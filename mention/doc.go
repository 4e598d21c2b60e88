// Package mention owns the mention policy: what counts as a mention of an aspect in a
// sentence, which knowledge-graph indicator it lands on, its polarity, and whether it is a
// pain (痛点), itch (痒点) or pleasure (悦点) point. Its input is a sentence, its sentiment,
// the aspect model's triplets, the category model's output and one graph lookup; its output
// is the mentions and the record-level indicators. Every threshold and word list that
// decides a mention lives here. Mention is the one record type shared by analyze, jobs,
// transcripts and the counters.
package mention
