// Reply links work without JavaScript (they reload the page with ?replytocom=ID). With it,
// the form moves under the comment being answered, as readers expect, and back on cancel.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  var parentField = document.getElementById("comment_parent");
  var title = document.getElementById("reply-title");
  if (!respond || !parentField || !title) return;
  var home = document.createElement("div");
  respond.parentNode.insertBefore(home, respond);
  var originalTitle = title.innerHTML;

  function cancel(event) {
    if (event) event.preventDefault();
    parentField.value = "0";
    title.innerHTML = originalTitle;
    var link = title.querySelector("#cancel-comment-reply-link");
    if (link && !link.getAttribute("data-server")) link.remove();
    home.parentNode.insertBefore(respond, home.nextSibling);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".comment-reply-link") : null;
    if (!link) return;
    var body = document.getElementById("div-comment-" + link.getAttribute("data-comment-id"));
    if (!body) return;
    event.preventDefault();
    parentField.value = link.getAttribute("data-comment-id");
    // The words come from the page, which the server wrote in the site's language.
    title.textContent = link.getAttribute("aria-label") + " ";
    var cancelLink = document.createElement("a");
    cancelLink.href = "#respond";
    cancelLink.id = "cancel-comment-reply-link";
    cancelLink.className = "respond__cancel";
    cancelLink.textContent = respond.getAttribute("data-cancel-label");
    cancelLink.addEventListener("click", cancel);
    title.appendChild(cancelLink);
    body.appendChild(respond);
    var comment = document.getElementById("comment");
    if (comment) comment.focus();
  });
})();
