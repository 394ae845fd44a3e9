"""Writers: the outputs (PDF, EPUB, web page, imposed booklet) from the assembled book."""
