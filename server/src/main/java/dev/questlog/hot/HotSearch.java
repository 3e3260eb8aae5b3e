package dev.questlog.hot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/** One search over a set of day indexes: acquire their searchers, search one multi-reader, release. */
final class HotSearch {
    private HotSearch() {
    }

    static SearchResult run(SearchRequest r, List<DayIndex> days) throws IOException {
        HotQueries.query(r, true); // a malformed q or cursor is an error even when no day matches
        if (days.isEmpty()) {
            return new SearchResult(0, List.of(), Map.of(), null);
        }

        List<IndexSearcher> acquired = new ArrayList<>();
        try {
            for (DayIndex d : days) {
                acquired.add(d.acquire());
            }
            IndexReader[] readers = acquired.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new);
            try (MultiReader multi = new MultiReader(readers, false)) {
                return search(new IndexSearcher(multi), r);
            }
        } finally {
            for (int i = 0; i < acquired.size(); i++) {
                days.get(i).release(acquired.get(i));
            }
        }
    }

    private static SearchResult search(IndexSearcher searcher, SearchRequest r) throws IOException {
        // Totals and facets count every match; the page starts after the cursor when there is one.
        Map<String, Long> facets = searcher.search(HotQueries.query(r, false), new TypeFacets());
        long total = facets.values().stream().mapToLong(Long::longValue).sum();
        int skip = r.cursor() != null ? 0 : r.offset();
        TopDocs top = searcher.search(HotQueries.query(r, true), skip + r.limit(), HotQueries.NEWEST_FIRST);
        StoredFields stored = searcher.storedFields();
        List<JsonNode> hits = new ArrayList<>();
        FieldDoc last = null;
        for (int i = skip; i < top.scoreDocs.length; i++) {
            ScoreDoc sd = top.scoreDocs[i];
            hits.add(LuceneHotIndex.parseSource(stored.document(sd.doc).getBinaryValue(HotDocuments.SOURCE).bytes));
            last = (FieldDoc) sd;
        }
        boolean more = hits.size() == r.limit() && (r.cursor() != null || skip + hits.size() < total);
        String next = more && last != null
                ? HotQueries.cursor((Long) last.fields[0], (Long) last.fields[1]) : null;
        return new SearchResult(total, hits, facets, next);
    }
}
