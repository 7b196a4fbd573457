package io.github.tensorforge.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescedTest {
    @Test void contiguousBecomesOneAxis() {
        Coalesced c = Coalesced.of(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, c.shape());
        assertArrayEquals(new int[] {1}, c.strides()[1]);
        assertTrue(c.unitStride(0));
    }

    @Test void aRowBroadcastBiasBecomesTwoAxes() {
        Coalesced c = Coalesced.of(new int[] {5, 2, 3}, new int[] {6, 3, 1}, new int[] {0, 0, 1});
        assertArrayEquals(new int[] {10, 3}, c.shape());
        assertArrayEquals(new int[] {3, 1}, c.strides()[0]);
        assertArrayEquals(new int[] {0, 1}, c.strides()[1]);
    }

    @Test void sizeOneAxesGoAndATransposeStays() {
        Coalesced c = Coalesced.of(new int[] {1, 3, 1, 2}, new int[] {99, 1, 7, 3});
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new int[] {1, 3}, c.strides()[0]);
    }

    @Test void onlySizeOneAxesLeaveRankZeroOrOneElementAtLeast1d() {
        Coalesced c = Coalesced.of(new int[] {1, 1}, new int[] {5, 2});
        assertEquals(0, c.rank());
        assertTrue(c.unitStride(0));
        Coalesced one = c.atLeast1d();
        assertArrayEquals(new int[] {1}, one.shape());
        assertArrayEquals(new int[] {1}, one.strides()[0]);
        assertEquals(0, Coalesced.of(new int[0]).rank());
    }

    @Test void emptyAxesAreKept() {
        Coalesced c = Coalesced.of(new int[] {0, 4}, new int[] {4, 1});
        assertEquals(0, c.shape()[0] * (c.rank() > 1 ? c.shape()[1] : 1));
    }
}
