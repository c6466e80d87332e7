/* CKEditor 4 image uploads through cstosite's own view: send Django's CSRF token with
   each upload, and show the server's reason when an upload is refused. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(editor) {
    if (editor.cstositeUploads) {
      return;
    }
    editor.cstositeUploads = true;
    editor.on("fileUploadRequest", function (evt) {
      var loader = evt.data.fileLoader;
      loader.xhr.setRequestHeader("X-CSRFToken", csrfToken());
      // CKEditor replaces a 4xx answer with a generic "HTTP error"; use our message.
      loader.on("error", function () {
        try {
          var answer = JSON.parse(loader.xhr.responseText);
          if (answer.error && answer.error.message) {
            loader.message = answer.error.message;
          }
        } catch (ignored) {
          /* not our JSON: keep CKEditor's message */
        }
      }, null, null, 1);
    });
  }

  function setUp() {
    if (typeof CKEDITOR === "undefined") {
      return;
    }
    Object.keys(CKEDITOR.instances).forEach(function (name) {
      attach(CKEDITOR.instances[name]);
    });
    CKEDITOR.on("instanceCreated", function (event) {
      attach(event.editor);
    });
  }

  // Django may place this file before ckeditor.js; editors are created on DOMContentLoaded.
  if (typeof CKEDITOR !== "undefined") {
    setUp();
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
}());
