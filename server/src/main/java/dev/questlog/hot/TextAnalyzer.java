package dev.questlog.hot;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Analyses the free-text field: tokens are runs of letters and digits, lower-cased. Unlike the standard analyzer it
 * splits {@code Renderer.draw(Physics.java:42)} into {@code renderer draw physics java 42}, which is what someone
 * searching stack traces and error messages types.
 */
final class TextAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
    }
}
