import type { Config } from 'tailwindcss'

export default {
  content: ['./app/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#fbf7ef', 100: '#f4ead3', 500: '#b8862b', 600: '#9c6f1f', 700: '#7c571a', 900: '#3d2b0e' },
      },
    },
  },
  plugins: [],
} satisfies Config
