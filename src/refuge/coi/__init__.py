"""The report library: country-of-origin reports, policy letters and work instructions, read
from .txt, .md, .docx and .pdf files into documents with their metadata, split into passages
with stable anchors (`2.3-p4`) that a pack may cite and a redaction may cover."""
