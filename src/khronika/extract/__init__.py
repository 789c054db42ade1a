"""RawDocument -> Article: decoding, trafilatura, dates, boilerplate, language (``article.extract_article``)."""
