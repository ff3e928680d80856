// The coded values the API accepts (wire names from src/core/model.h) and the
// translation keys that label them.
import { T } from './i18n';

export const kSexes = ['female', 'male', 'unknown'];
export const kRelationships = [
  'head',
  'spouse',
  'son',
  'daughter',
  'father',
  'mother',
  'brother',
  'sister',
  'grandchild',
  'grandparent',
  'other_relative',
  'not_related',
];
export const kDocumentTypes = [
  'tazkira',
  'e_tazkira',
  'por_card',
  'acc',
  'passport',
  'visa',
  'unhcr_asylum_certificate',
  'vrf',
  'other',
];
export const kConsentPurposes = ['registration', 'assistance', 'tracing', 'legal_aid', 'referral'];
export const kVulnerabilities = [
  'unaccompanied_or_separated_child',
  'female_headed_household',
  'disability',
  'serious_medical_condition',
  'elderly_alone',
  'pregnant_or_lactating',
];

// Provinces of Afghanistan (destinations) and of Pakistan (origins), offered
// as suggestions; the fields stay free text.
export const kAfghanProvinces = [
  'Badakhshan', 'Badghis', 'Baghlan', 'Balkh', 'Bamyan', 'Daykundi', 'Farah', 'Faryab', 'Ghazni',
  'Ghor', 'Helmand', 'Herat', 'Jowzjan', 'Kabul', 'Kandahar', 'Kapisa', 'Khost', 'Kunar', 'Kunduz',
  'Laghman', 'Logar', 'Nangarhar', 'Nimroz', 'Nuristan', 'Paktia', 'Paktika', 'Panjshir', 'Parwan',
  'Samangan', 'Sar-e Pol', 'Takhar', 'Uruzgan', 'Wardak', 'Zabul',
];
export const kPakistanProvinces = [
  'Khyber Pakhtunkhwa', 'Balochistan', 'Punjab', 'Sindh', 'Islamabad Capital Territory',
  'Gilgit-Baltistan', 'Azad Jammu and Kashmir',
];

export function Options(prefix: string, values: string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: T(`${prefix}.${value}`) }));
}
