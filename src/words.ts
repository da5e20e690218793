// Defined in detect, which may import nothing outside its folder but events.ts; shared from here.
export { plural } from './detect/words.js';
