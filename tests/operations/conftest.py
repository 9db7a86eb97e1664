"""What an operator relies on under abuse, against a real `byline serve`."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
