"""The accuracy study: error metrics of the golden models against exact products, the paper's
precision claims, offset tuning and dot-product errors."""
