"""Tests of scripts/bench's statistics: python3 -m unittest discover -s scripts/lib"""

import sys
import unittest

sys.dont_write_bytecode = True

from bench_measure import could_flip, ratio_interval  # noqa: E402


class RatioInterval(unittest.TestCase):
    def test_holds_the_ratio_of_the_medians_and_is_seeded(self):
        subject = [1.20, 1.25, 1.18, 1.22, 1.30, 1.21, 1.19, 1.24, 1.23, 1.26]
        baseline = [1.00, 1.02, 0.99, 1.01, 1.05, 1.00, 0.98, 1.03, 1.01, 1.02]
        low, high = ratio_interval(subject, baseline)
        self.assertLess(low, 1.22 / 1.01)
        self.assertGreater(high, 1.22 / 1.01)
        self.assertGreater(low, 1.1)
        self.assertLess(high, 1.3)
        self.assertEqual(ratio_interval(subject, baseline), (low, high))

    def test_pairs_stay_together(self):
        # Each round's noise hits both alike: the ratio is 2 in every pair, so is every draw.
        subject = [2.0, 4.0, 6.0, 8.0, 10.0, 3.0]
        baseline = [1.0, 2.0, 3.0, 4.0, 5.0, 1.5]
        self.assertEqual(ratio_interval(subject, baseline), (2.0, 2.0))

    def test_a_zero_baseline_gives_no_interval(self):
        self.assertIsNone(ratio_interval([1, 1, 1], [0, 0, 1]))


class CouldFlip(unittest.TestCase):
    def test_a_pass_whose_interval_reaches_above_the_target(self):
        self.assertTrue(could_flip(True, {"wall": 1.0}, {"wall": (0.95, 1.12)}, 1.1))
        self.assertFalse(could_flip(True, {"wall": 1.0}, {"wall": (0.95, 1.05)}, 1.1))

    def test_a_miss_flips_only_if_every_ratio_above_can_come_down(self):
        self.assertTrue(could_flip(False, {"wall": 1.15}, {"wall": (1.05, 1.2)}, 1.1))
        self.assertFalse(could_flip(False, {"wall": 1.15}, {"wall": (1.12, 1.2)}, 1.1))
        # The wall ratio passes and its interval straddles; the CPU miss is clear.
        ratios = {"wall": 1.05, "cpu": 1.4}
        intervals = {"wall": (0.98, 1.15), "cpu": (1.3, 1.5)}
        self.assertFalse(could_flip(False, ratios, intervals, 1.1))

    def test_a_ratio_without_an_interval_counts_as_certain(self):
        self.assertFalse(could_flip(False, {"wall": 1.2}, {"wall": None}, 1.1))


if __name__ == "__main__":
    unittest.main()
