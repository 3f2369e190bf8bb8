/* "Utiliser ma position": asks the browser for the position, then searches the nearest
   commune (found on the server). Shown only when the browser offers geolocation. */
(function () {
  "use strict";
  var button = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  if (!button || !navigator.geolocation) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(function (position) {
      var form = button.form;
      var params = new URLSearchParams({
        lat: position.coords.latitude.toFixed(5),
        lon: position.coords.longitude.toFixed(5),
        public: form.elements["public"].value,
        theme: form.elements["theme"].value
      });
      window.location.href = button.getAttribute("data-url") + "?" + params.toString();
    }, function () {
      status.textContent = "Votre position n’est pas disponible : saisissez votre commune ou son code postal.";
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
