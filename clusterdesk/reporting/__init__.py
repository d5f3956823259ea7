"""Members' periodic reporting (campaigns, forms, review) and the Decree No. 779 compliance check."""
