package cop.analisi;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;

/**
 * The {@code stemmer} token filter of analysis-common, for the one language the site uses:
 * {@code light_italian} (Lucene's ItalianLightStemFilter, as the module builds it). Any other
 * language is refused when the index is created rather than silently left unstemmed.
 */
@NamedComponent("stemmer")
public class StemmerFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Impostazioni {
        @StringSetting(path = "language", defaultValue = "light_italian")
        String language();
    }

    @Inject
    public StemmerFilterFactory(Impostazioni impostazioni) {
        if (!"light_italian".equals(impostazioni.language())) {
            throw new IllegalArgumentException(
                "stemmer: questo plugin conosce solo [light_italian], non [" + impostazioni.language() + "]");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ItalianLightStemFilter(tokenStream);
    }
}
