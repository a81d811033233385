"""The sources beside a document's transcript (``speeches.models.sources``): checking a file, rendering
its pages ahead of time in a child process held to limits, storing it, and proposing where each
paragraph is in it.

- ``checking``: what a source file may be, found from its bytes; ``BadSource`` says why one is refused.
- ``render_worker``: the child process that renders a PDF's or a scan's pages to images.
- ``attaching``: a file checked, rendered and stored, or nothing stored at all.
- ``ties``: the pages the archive proposes for each paragraph, from the text found on them.
"""
