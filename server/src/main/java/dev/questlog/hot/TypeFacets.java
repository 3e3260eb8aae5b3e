package dev.questlog.hot;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts the matching documents per event type (a facet), from the {@code event_type} doc values: per segment by
 * ordinal, resolved to names once per segment. One collector per search slice; not thread-safe itself.
 */
final class TypeFacets implements CollectorManager<TypeFacets.Counts, Map<String, Long>> {

    @Override
    public Counts newCollector() {
        return new Counts();
    }

    @Override
    public Map<String, Long> reduce(Collection<Counts> collectors) {
        Map<String, Long> out = new HashMap<>();
        collectors.forEach(c -> c.byType.forEach((k, v) -> out.merge(k, v, Long::sum)));
        return out;
    }

    static final class Counts implements Collector {
        private final Map<String, Long> byType = new HashMap<>();

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedDocValues values = DocValues.getSorted(context.reader(), HotDocuments.EVENT_TYPE);
            long[] perOrd = new long[Math.max(1, values.getValueCount())];
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (values.advanceExact(doc)) {
                        perOrd[values.ordValue()]++;
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int ord = 0; ord < values.getValueCount(); ord++) {
                        if (perOrd[ord] > 0) {
                            byType.merge(values.lookupOrd(ord).utf8ToString(), perOrd[ord], Long::sum);
                        }
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
