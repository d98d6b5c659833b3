// Photos from a phone, for any file field marked data-photos: the pictures chosen are listed; a photo taken
// with the camera field beside it (data-photos-into) joins them; a large picture is shrunk to LONGEST px as
// JPEG before it is sent (a phone's 12-megapixel photo is 3-5 MB over a village point's mobile data; the
// teller reads a card at 1600 px). PDFs and small pictures go as they are; the server checks everything.
(function () {
  "use strict";
  var LONGEST = 1600;
  var QUALITY = 0.85;
  try {
    new DataTransfer();
  } catch (e) {
    return; // an old browser: the files go as chosen
  }

  function jpegName(name) {
    return (name.replace(/\.[^.]*$/, "") || "photo") + ".jpg";
  }

  // A camera photo is always re-encoded (it may be HEIC); a chosen JPEG or PNG only when too large.
  function shrink(file, always) {
    if (!/^image\//.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, LONGEST / Math.max(bitmap.width, bitmap.height));
        var plain = file.type === "image/jpeg" || file.type === "image/png";
        if (scale === 1 && plain && !always) return file;
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              resolve(blob ? new File([blob], jpegName(file.name), { type: "image/jpeg" }) : file);
            },
            "image/jpeg",
            QUALITY
          );
        });
      })
      .catch(function () {
        return file; // a picture this browser cannot read goes as it is: the server says what is wrong
      });
  }

  function put(input, files) {
    var transfer = new DataTransfer();
    files.forEach(function (file) {
      transfer.items.add(file);
    });
    input.files = transfer.files;
  }

  function show(input) {
    var list = document.querySelector('[data-photos-list="' + input.id + '"]');
    if (!list) return;
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " · " + Math.max(1, Math.round(file.size / 1024)) + " KB";
      list.appendChild(item);
    });
  }

  // While pictures are being shrunk the form is not sent (it would go with the large ones, or none).
  function whileBusy(input, work) {
    var buttons = input.form ? input.form.querySelectorAll("button[type=submit]") : [];
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    return work.then(function () {
      Array.prototype.forEach.call(buttons, function (b) {
        b.disabled = false;
      });
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var chosen = Array.prototype.slice.call(input.files);
    if (input.hasAttribute("data-photos")) {
      whileBusy(input, Promise.all(chosen.map(function (f) { return shrink(f, false); })).then(function (files) {
        put(input, files);
        show(input);
      }));
    } else if (input.dataset.photosInto) {
      var into = document.getElementById(input.dataset.photosInto);
      if (!into) return;
      whileBusy(into, Promise.all(chosen.map(function (f) { return shrink(f, true); })).then(function (taken) {
        put(into, Array.prototype.slice.call(into.files).concat(taken));
        input.value = ""; // the photo now travels with the material's other pictures
        show(into);
      }));
    }
  });
})();
