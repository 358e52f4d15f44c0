/**
 * Name lists for generated people and places. Written for rosterkit: common US given and family
 * names of varied origins, plus neutral place names for districts and schools.
 *
 * @module
 */

/** Given names, used for every role. */
// biome-ignore format: compact name list
export const GIVEN_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Charlotte', 'Mateo',
  'Ava', 'Lucas', 'Isabella', 'Levi', 'Mia', 'Ezra', 'Evelyn', 'Asher', 'Harper', 'James',
  'Luna', 'Leo', 'Camila', 'Benjamin', 'Sofia', 'Sebastian', 'Scarlett', 'Jack', 'Aaliyah', 'Jayden',
  'Mei', 'Hiroshi', 'Priya', 'Arjun', 'Fatima', 'Omar', 'Zainab', 'Yusuf', 'Ngozi', 'Chidi',
  'Ximena', 'Santiago', 'Valentina', 'Diego', 'Lucía', 'Alejandro', 'Guadalupe', 'José', 'María', 'Luis',
  'Anh', 'Minh', 'Linh', 'Bao', 'Ji-woo', 'Min-jun', 'Seo-yeon', 'Aiyana', 'Kai', 'Nalani',
  'Grace', 'Henry', 'Chloe', 'Daniel', 'Zoe', 'Samuel', 'Nora', 'David', 'Hannah', 'Joseph',
  'Layla', 'Isaiah', 'Riley', 'Caleb', 'Aria', 'Nathan', 'Elena', 'Adrian', 'Maya', 'Julian',
  "D'Andre", 'Anne-Marie', 'Jean-Luc', 'Siobhan', 'Björn', 'Zoë', 'Renée', 'Nadia', 'Tariq', 'Imani',
  'Ethan', 'Abigail', 'Logan', 'Ella', 'Owen', 'Avery', 'Wyatt', 'Madison', 'Carter', 'Emily',
]

/** Family names. */
// biome-ignore format: compact name list
export const FAMILY_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Kim', 'Park', 'Chen', 'Wang', 'Li', 'Zhang', 'Tanaka', 'Sato', 'Patel', 'Shah',
  'Singh', 'Khan', 'Ali', 'Okafor', 'Adeyemi', 'Mensah', 'Haile', 'Tesfaye', 'Yazzie', 'Begay',
  "O'Brien", "O'Connor", 'McAllister', 'MacDonald', 'Van der Berg', 'De la Cruz', 'St. James', 'García-López', 'Müller', 'Novak',
  'Kowalski', 'Ivanova', 'Petrov', 'Rossi', 'Russo', 'Cohen', 'Levy', 'Haddad', 'Nasser', 'Abboud',
  'Tran', 'Pham', 'Vu', 'Santos', 'Silva', 'Costa', 'Murphy', 'Kelly', 'Cruz', 'Reyes',
]

/** Town names for districts. */
// biome-ignore format: compact name list
export const TOWN_NAMES: readonly string[] = [
  'Maple Valley', 'Cedar Ridge', 'Riverbend', 'Oak Harbor', 'Pine Hollow', 'Willow Creek', 'Stonebridge',
  'Fairview', 'Brookside', 'Clearwater', 'Lakeshore', 'Granite Falls', 'Silver Springs', 'Hawthorne',
]

/** Names for schools. */
// biome-ignore format: compact name list
export const SCHOOL_NAMES: readonly string[] = [
  'Lincoln', 'Washington', 'Roosevelt', 'Jefferson', 'Franklin', 'Madison', 'Kennedy', 'Sequoia', 'Redwood',
  'Aspen', 'Birch', 'Juniper', 'Sycamore', 'Magnolia', 'Chavez', 'Parks', 'Tubman', 'Douglass', 'Sotomayor',
  'Earhart', 'Curie', 'Einstein', 'Carver', 'Hopper', 'Ride', 'Yamasaki', 'Mankiller', 'Ochoa', 'King',
  'Hillcrest', 'Meadowbrook', 'Sunnyside', 'Lakeview', 'Northgate', 'Southridge', 'Eastwood', 'Westfield',
  'Valley View', 'Summit', 'Harbor', 'Prairie', 'Canyon', 'Mesa', 'Bayside', 'Highland', 'Orchard', 'Riverside',
]

/** US states with their FIPS codes, for NCES-shaped ids. */
export const STATES: ReadonlyArray<readonly [abbreviation: string, fips: string]> = [
  ['CA', '06'],
  ['CO', '08'],
  ['GA', '13'],
  ['IL', '17'],
  ['MN', '27'],
  ['NC', '37'],
  ['NY', '36'],
  ['OR', '41'],
  ['TX', '48'],
  ['WA', '53'],
]

/** Cities for demographics' city of birth. */
// biome-ignore format: compact name list
export const CITIES: readonly string[] = [
  'Springfield', 'Portland', 'Austin', 'Denver', 'Atlanta', 'Chicago', 'Raleigh', 'Seattle', 'Minneapolis',
  'Sacramento', 'Houston', 'Albany',
]
