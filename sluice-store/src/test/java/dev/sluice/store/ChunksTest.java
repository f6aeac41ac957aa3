package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void everyRowOnceInOrderAndOnlyFixedSizes() {
        Set<Integer> sizesSeen = new HashSet<>();
        for (int n = 0; n <= 1000; n++) {
            List<Integer> all = IntStream.range(0, n).boxed().toList();
            List<Integer> joined = new ArrayList<>();
            for (List<Integer> chunk : Chunks.of(all)) {
                assertThat(chunk).isNotEmpty();
                assertThat(Integer.bitCount(chunk.size())).as("size %d is a power of two", chunk.size()).isEqualTo(1);
                assertThat(chunk.size()).isLessThanOrEqualTo(Chunks.MAX);
                sizesSeen.add(chunk.size());
                joined.addAll(chunk);
            }
            assertThat(joined).isEqualTo(all);
        }
        // So at most eight statements per multi-row SQL shape, whatever the group commit's row count.
        assertThat(sizesSeen).containsExactlyInAnyOrder(1, 2, 4, 8, 16, 32, 64, 128);
    }

    @Test
    void aCountIsCutIntoItsBinaryDigits() {
        assertThat(Chunks.of(IntStream.range(0, 27).boxed().toList())).extracting(List::size)
                .containsExactly(16, 8, 2, 1);
        assertThat(Chunks.of(IntStream.range(0, 300).boxed().toList())).extracting(List::size)
                .containsExactly(128, 128, 32, 8, 4);
    }
}
