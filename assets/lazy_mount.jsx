import { createElement, useEffect, useRef, useState } from "react";

// Draws its children once they come near the screen. A heavy drawing below the fold (the dashboard's
// charts on a phone) then costs the first seconds nothing; the box around it keeps its size meanwhile.
export function LazyMount({ children, margin = "300px", className }) {
  const box = useRef(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown || !box.current) return undefined;
    if (typeof IntersectionObserver === "undefined") {
      setShown(true);
      return undefined;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        setShown(true);
        observer.disconnect();
      }
    }, { rootMargin: `0px 0px ${margin} 0px` });
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [shown, margin]);
  return createElement("div", { ref: box, className, "data-drawn": shown ? "true" : "false" }, shown ? children : null);
}
