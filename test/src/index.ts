export { type FixtureImageName, fixtureImagePath, fixtureImages, readFixtureImage } from './images.js';
