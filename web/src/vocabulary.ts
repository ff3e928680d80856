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

// Protection incidents and property left behind (src/core/incident.h).
export const kIncidentTypes = [
  'arrest', 'detention', 'extortion', 'harassment', 'physical_violence', 'eviction', 'property_seized',
  'property_destroyed', 'documents_confiscated', 'documents_destroyed', 'family_separation', 'deportation',
];
export const kPlaceTypes = ['home', 'street', 'workplace', 'checkpoint', 'police_station', 'holding_centre', 'border', 'other'];
export const kPerpetrators = ['police', 'other_authority', 'landlord', 'employer', 'armed_group', 'other_civilian', 'unknown'];
export const kIncidentSources = ['survivor', 'family', 'witness', 'key_informant', 'media', 'unknown'];
export const kIncidentConsents = ['legal_aid', 'referral', 'advocacy'];
export const kReporterRelationships = ['self', 'spouse', 'child', 'parent', 'sibling', 'other_relative', 'other'];
export const kDetentionOutcomes = ['released', 'released_after_payment', 'deported', 'still_detained', 'unknown'];
export const kCurrencies = ['PKR', 'AFN', 'USD'];
export const kDocumentations = ['por_card', 'acc', 'passport_visa', 'tazkira_only', 'other_only', 'none'];
export const kPropertyKinds = ['house', 'land', 'shop_or_business', 'vehicle', 'livestock', 'goods', 'other'];
export const kTenures = ['owned_with_deed', 'owned_informally', 'registered_in_another_name', 'rented', 'leased', 'shared'];
export const kPropertyLosses = ['left_behind', 'sold_under_duress', 'seized', 'destroyed', 'occupied_by_others'];
export const kClaimStatuses = ['documented', 'referred_to_legal_aid', 'claim_filed', 'resolved', 'abandoned'];
export const kEvidenceTypes = ['deed', 'sale_or_rental_agreement', 'tax_or_utility_receipt', 'witness_statement', 'photo'];

// Protection cases, referrals and family tracing (src/core/case.h,
// referral.h, tracing.h, protection_risk.h).
export const kProtectionRisks = [
  'arbitrary_arrest_detention', 'forced_return', 'theft_extortion_eviction_property', 'impediments_legal_identity',
  'family_separation', 'gbv', 'child_labour_exploitation', 'psychological_distress', 'explosive_ordnance',
  'discrimination_denial_of_services',
];
export const kCasePriorities = ['high', 'medium', 'low'];
export const kCaseStatuses = ['open', 'assessed', 'plan_agreed', 'in_progress', 'follow_up', 'closed'];
export const kClosureReasons = ['needs_met', 'transferred', 'lost_contact', 'person_returned_to_pakistan', 'deceased', 'other'];
export const kServiceTypes = [
  'legal_aid', 'shelter', 'health', 'psychosocial', 'cash', 'family_tracing', 'child_protection', 'gbv_specialised',
  'civil_documentation', 'livelihoods',
];
export const kSharedFields = [
  'given_name', 'father_name', 'grandfather_name', 'family_name', 'sex', 'birth_date', 'phone', 'documents',
  'vulnerabilities', 'risks',
];
export const kSoughtRelationships = [
  'brother', 'sister', 'son', 'daughter', 'father', 'mother', 'spouse', 'grandchild', 'grandparent', 'uncle', 'aunt',
  'nephew', 'niece', 'cousin', 'other',
];
export const kSeparationCauses = ['deportation', 'detention', 'crossing', 'eviction', 'other'];

// Crossings (src/core/flow.cc, CrossingGazetteer: the canonical names).
export const kCrossingPoints = ['Torkham', 'Chaman–Spin Boldak', 'Ghulam Khan', 'Angoor Adda', 'Kharlachi', 'Badini', 'Bahramcha'];
export const kDirections = ['to_afghanistan', 'to_pakistan'];
export const kMovementModes = ['spontaneous', 'deported', 'assisted_voluntary_repatriation'];

export function Options(prefix: string, values: string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: T(`${prefix}.${value}`) }));
}
