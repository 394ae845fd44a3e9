"""Turn a folder of Markdown chapters into a printable study booklet."""
