"""The eval suite: cases an operator writes, scorers that punish hedging, ungrounded and scripted answers, a report."""
