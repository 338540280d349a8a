"""Records: session files written step by step, read back, and exported as transcripts."""
