// The query page's editor: CodeMirror 6 with SPARQL highlighting, bundled into one file by esbuild.
import { EditorView, basicSetup } from "codemirror";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

// Replace a <textarea> by an editor that keeps the textarea's value (and so the form) up to date.
window.cklodEditor = function (textarea) {
  var view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      StreamLanguage.define(sparql),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
      EditorView.updateListener.of(function (update) {
        if (update.docChanged) { textarea.value = update.state.doc.toString(); }
      })
    ]
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
  return {
    get: function () { return view.state.doc.toString(); },
    set: function (text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: function () { view.focus(); }
  };
};
