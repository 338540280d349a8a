"""Training: case files, their check against a tree, and verdicts on a trainee's walk."""
