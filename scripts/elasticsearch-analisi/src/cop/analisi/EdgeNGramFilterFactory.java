package cop.analisi;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;

/**
 * The {@code edge_ngram} token filter of analysis-common ("inclusione" is indexed as "i", "in",
 * "inc"... up to {@code max_gram}), with its settings and defaults: {@code min_gram} 1,
 * {@code max_gram} 2, {@code preserve_original} false.
 */
@NamedComponent("edge_ngram")
public class EdgeNGramFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Impostazioni {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final int minimo;
    private final int massimo;
    private final boolean originale;

    @Inject
    public EdgeNGramFilterFactory(Impostazioni impostazioni) {
        minimo = impostazioni.minGram();
        massimo = impostazioni.maxGram();
        originale = impostazioni.preserveOriginal();
        if (minimo < 1 || massimo < minimo) {
            throw new IllegalArgumentException("edge_ngram: serve 1 <= min_gram <= max_gram");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new EdgeNGramTokenFilter(tokenStream, minimo, massimo, originale);
    }
}
