package dev.questlog.hot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.document.LongPoint;

/** Builds Lucene queries, the sort order and cursors from a {@link SearchRequest}. Stateless and thread-safe. */
final class HotQueries {
    /**
     * Newest first; a number derived from the event_id breaks ties so that cursors are exact. It is also the index
     * sort of every day index, so "newest N" stops after N hits instead of visiting every match.
     */
    static final Sort NEWEST_FIRST = new Sort(new SortField(HotDocuments.EVENT_TIME, SortField.Type.LONG, true),
            new SortField(HotDocuments.TIE, SortField.Type.LONG, true));

    private HotQueries() {
    }

    /** The request's filters; with {@code afterCursor}, restricted to what sorts after its cursor. */
    static Query query(SearchRequest r, boolean afterCursor) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(term(HotDocuments.APP, r.app()), Occur.FILTER);
        if (!r.eventTypes().isEmpty()) {
            BooleanQuery.Builder types = new BooleanQuery.Builder();
            r.eventTypes().forEach(t -> types.add(term(HotDocuments.EVENT_TYPE, t), Occur.SHOULD));
            b.add(types.build(), Occur.FILTER);
        }
        optional(b, "client_id", r.clientId());
        optional(b, "session_id", r.sessionId());
        optional(b, "level_id", r.levelId());
        optional(b, "app_version", r.appVersion());
        if (r.fromMillis() != null || r.toMillis() != null) {
            long from = r.fromMillis() == null ? Long.MIN_VALUE : r.fromMillis();
            long to = r.toMillis() == null ? Long.MAX_VALUE : r.toMillis() - 1;
            b.add(LongPoint.newRangeQuery(HotDocuments.EVENT_TIME, from, to), Occur.FILTER);
        }
        for (Map.Entry<String, String> a : r.attributes().entrySet()) {
            b.add(term(HotDocuments.ATTR + a.getKey(), a.getValue()), Occur.FILTER);
        }
        if (afterCursor && r.cursor() != null) {
            b.add(after(r.cursor()), Occur.FILTER);
        }
        if (r.text() != null) {
            b.add(text(r.text()), Occur.MUST);
        }
        return b.build();
    }

    private static Query text(String q) {
        QueryParser parser = new QueryParser(HotDocuments.TEXT, new TextAnalyzer());
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true);
        parser.setAutoGeneratePhraseQueries(true); // "Physics.java" means the adjacent tokens physics java
        try {
            return parser.parse(q);
        } catch (ParseException e) {
            throw new IllegalArgumentException("q is not a valid query: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static void optional(BooleanQuery.Builder b, String field, String value) {
        if (value != null) {
            b.add(term(field, value), Occur.FILTER);
        }
    }

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    /** The cursor that continues after a hit with this sort position. */
    static String cursor(long eventTime, long tie) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((eventTime + ":" + tie).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Matches what sorts after the cursor's hit: older, or as old with a smaller tie-breaker. A filter rather than
     * Lucene's searchAfter, whose position includes a doc id that does not survive a refresh.
     */
    static Query after(String cursor) {
        long time;
        long tie;
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            time = Long.parseLong(s.substring(0, colon));
            tie = Long.parseLong(s.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed cursor '" + cursor + "'");
        }
        BooleanQuery.Builder sameTime = new BooleanQuery.Builder()
                .add(LongPoint.newExactQuery(HotDocuments.EVENT_TIME, time), Occur.FILTER)
                .add(tie == Long.MIN_VALUE ? new MatchNoDocsQuery()
                        : LongPoint.newRangeQuery(HotDocuments.TIE, Long.MIN_VALUE, tie - 1), Occur.FILTER);
        return new BooleanQuery.Builder()
                .add(time == Long.MIN_VALUE ? new MatchNoDocsQuery()
                        : LongPoint.newRangeQuery(HotDocuments.EVENT_TIME, Long.MIN_VALUE, time - 1), Occur.SHOULD)
                .add(sameTime.build(), Occur.SHOULD)
                .build();
    }
}
