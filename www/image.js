// An attached image as a data: URL the API takes: small common formats as they are; anything else scaled down and
// re-encoded as JPEG.
const MAX_SIDE = 1280;
const MAX_AS_IS = 1_500_000;

export async function readImage(file) {
  if (file.size <= MAX_AS_IS && /^image\/(png|jpeg|webp|gif)$/.test(file.type)) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/jpeg", 0.88);
}
