import { AlertTriangle, Camera, X } from "lucide-react";
import { useEffect, useState } from "react";

/** Picks photos with the phone camera (or files), with previews and removal. */
export function PhotoPicker({
  id,
  files,
  onChange,
  required,
  error,
  documents,
  label,
}: {
  id: string;
  files: File[];
  onChange: (f: File[]) => void;
  required?: boolean;
  error?: string | null;
  /** Screenshots and PDF documents (internal tickets) rather than photos from the camera. */
  documents?: boolean;
  label?: string;
}) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const u = files.map((f) => URL.createObjectURL(f));
    setUrls(u);
    return () => u.forEach((x) => URL.revokeObjectURL(x));
  }, [files]);
  return (
    <div className={`field field-wide photo-field${error ? " has-error" : ""}`}>
      <span className="label-text" id={id + "-label"}>
        {label ?? (documents ? "Screenshots and files" : "Photos")}
        {required && <span className="req"> (required for this category)</span>}
      </span>
      <label htmlFor={id} className="photo-drop">
        <Camera size={22} aria-hidden="true" />
        <span>
          <strong>{documents ? "Add screenshots or files" : "Take or add photos"}</strong>
          <span className="muted small">{documents ? "JPEG, PNG, WebP, HEIC or PDF" : "Opens the camera on a phone · JPEG, PNG, WebP or HEIC"}</span>
        </span>
      </label>
      <input
        id={id}
        data-testid="photo-input"
        className="sr-only-file"
        type="file"
        accept={documents ? "image/*,application/pdf" : "image/*"}
        capture={documents ? undefined : "environment"}
        multiple
        aria-describedby={error ? id + "-err" : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          if (picked.length) onChange([...files, ...picked]);
          e.target.value = "";
        }}
      />
      {files.length > 0 && (
        <ul className="previews" role="list" aria-label={documents ? "Files to upload" : "Photos to upload"}>
          {files.map((f, i) => (
            <li key={i}>
              {f.type.startsWith("image/") ? (
                <img src={urls[i]} alt={`${documents ? "File" : "Photo"} ${i + 1}: ${f.name}`} />
              ) : (
                <span className="preview-file">{f.name}</span>
              )}
              <button type="button" className="preview-x" aria-label={`Remove ${f.name}`} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div className="field-error" id={id + "-err"} role="alert" data-testid="photo-error">
          <AlertTriangle size={14} aria-hidden="true" /> {error}
        </div>
      )}
    </div>
  );
}
