// Build-time settings read through import.meta.env (see app/kernel/frame/origin.ts).
interface ImportMetaEnv {
  /** Origin of the kernel frame's host, or `same` to keep the kernel in the page's process. */
  readonly VITE_KERNEL_ORIGIN?: string;
  /** On the kernel host: the page origin allowed to use its kernel frame. */
  readonly VITE_APP_ORIGIN?: string;
}
