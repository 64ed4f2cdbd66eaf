package cop.analisi;

import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * The {@code elision} token filter of analysis-common ("dell'ambito" becomes "ambito") with the
 * two settings the site uses: {@code articles} and {@code articles_case}.
 */
@NamedComponent("elision")
public class ElisionFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Impostazioni {
        @ListSetting(path = "articles")
        List<String> articles();

        @BooleanSetting(path = "articles_case", defaultValue = false)
        boolean articlesCase();
    }

    private final CharArraySet articoli;

    @Inject
    public ElisionFilterFactory(Impostazioni impostazioni) {
        articoli = new CharArraySet(impostazioni.articles(), impostazioni.articlesCase());
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ElisionFilter(tokenStream, articoli);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return new ElisionFilter(tokenStream, articoli);
    }
}
