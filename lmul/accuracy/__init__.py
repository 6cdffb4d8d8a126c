"""The accuracy study: error metrics of the golden models against exact products, the paper's
precision claims, offset tuning, dot-product errors and error against area, and its report
(:mod:`.report_markdown`) and charts (:mod:`.charts`)."""
