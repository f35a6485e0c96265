export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-6)" />
      <path d="M9 21.5c0-5 3.2-8.5 7.6-8.5 2.2 0 3.9.8 5.1 2.1l-1.9 1.9c-.8-.8-1.8-1.3-3.1-1.3-2.8 0-4.7 2.4-4.7 5.8 0 .2 0 .4.1.6H9z" fill="#fff" />
      <circle cx="21.5" cy="21" r="2.5" fill="#fff" />
    </svg>
  );
}
