/* The redaction editor: when a publisher selects text in the document's passages, the form
   gets the passage's anchor, the selected text and its offsets in the document's text (in
   characters, as the server counts them: code points, not UTF-16 units). A selection may run
   over several passages: its text is theirs joined by a blank line, as in the document's text
   (the anchors between them left out). Editing the text by hand drops the offsets; the server
   then looks the text up in the chosen passage. */
(function () {
  "use strict";
  var form = document.getElementById("redaction-form");
  var reader = document.getElementById("document-text");
  if (!form || !reader) {
    return;
  }
  var anchor = document.getElementById("redaction-anchor");
  var text = document.getElementById("redaction-text");
  var start = document.getElementById("redaction-start");
  var end = document.getElementById("redaction-end");

  function characters(value) {
    return Array.from(value).length;
  }

  function offsetIn(passage, node, offset) {
    var before = document.createRange();
    before.selectNodeContents(passage);
    before.setEnd(node, offset);
    return Number(passage.dataset.start) + characters(before.toString());
  }

  function partOf(range, passage) {
    var part = document.createRange();
    part.selectNodeContents(passage);
    if (passage.contains(range.startContainer)) {
      part.setStart(range.startContainer, range.startOffset);
    }
    if (passage.contains(range.endContainer)) {
      part.setEnd(range.endContainer, range.endOffset);
    }
    return part.toString();
  }

  function chosen() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    var passages = Array.prototype.filter.call(
      reader.querySelectorAll(".passage-text"),
      function (passage) {
        return range.intersectsNode(passage);
      }
    );
    if (passages.length === 0) {
      return;
    }
    var first = passages[0];
    var last = passages[passages.length - 1];
    var from = first.contains(range.startContainer)
      ? offsetIn(first, range.startContainer, range.startOffset)
      : Number(first.dataset.start);
    var to = last.contains(range.endContainer)
      ? offsetIn(last, range.endContainer, range.endOffset)
      : Number(last.dataset.end);
    var selected = passages.map(function (passage) {
      return partOf(range, passage);
    }).join("\n\n");
    if (to <= from || !selected.trim()) {
      return;
    }
    anchor.value = first.dataset.anchor;
    text.value = selected;
    start.value = String(from);
    end.value = String(to);
  }

  document.addEventListener("selectionchange", chosen);
  text.addEventListener("input", function () {
    start.value = "";
    end.value = "";
  });
  anchor.addEventListener("change", function () {
    start.value = "";
    end.value = "";
  });
})();
