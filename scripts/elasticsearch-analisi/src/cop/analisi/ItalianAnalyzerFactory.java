package cop.analisi;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * The built-in {@code italian} analyzer of Elasticsearch's analysis-common module, which the
 * integ-test-zip distribution leaves out: with its default settings that module builds exactly
 * this Lucene analyzer (standard tokenizer, elision, lowercase, Italian stop words, light stemmer).
 */
@NamedComponent("italian")
public class ItalianAnalyzerFactory implements AnalyzerFactory {
    @Override
    public Analyzer create() {
        return new ItalianAnalyzer();
    }
}
