/** A message announced as soon as it appears (`role="alert"`); fields point at it by `id`. */
export function Alert({ id, text }: { id: string; text: string | null }) {
  if (!text) return null;
  return (
    <p id={id} role="alert" class="alert">
      {text}
    </p>
  );
}
