"""Learning the ranking from the outcomes courses record, safely.

features    what a model reads of a (citizen, function) pair, as at the contact
model       the learned ranking (logistic regression), kept as plain numbers
evaluation  train on older courses, test on newer, against the hand weights, with intervals
fairness    the same measures by target group and Danish level, and the gate a model must pass
"""
